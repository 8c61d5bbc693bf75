using ClusterOperator.Simulation.Traces;

namespace ClusterOperator.Simulation.Tests.Traces;

public sealed class TraceReaderTests
{
    private const string NativeHeader = "id,submit_seconds,owner,kind,replicas,gpus_per_replica,duration_seconds,gpu_type";
    private const string PhillyHeader = "job_id,user,num_gpu,submit_time,iterations,model_name,duration,interval,expect_time_list,expect_value_list,best_effort,job_type";

    private static TraceParseResult Parse(params string[] lines) =>
        TraceReader.Parse(new StringReader(string.Join('\n', lines)), "test.csv");

    [Fact]
    public void Native_rows_become_jobs_in_file_order()
    {
        var result = Parse(
            NativeHeader,
            "a,10,alice,training,2,4,3600,a100",
            "b,5.5,bob,Idea,1,1,,",
            "c,0,carol,training,1,8,60,");

        Assert.Equal(TraceFormat.Native, result.Format);
        Assert.Empty(result.Invalid);
        Assert.Equal(
            [
                new TraceJob("a", 2, 10, "alice", TraceJobKind.Training, 2, 4, 3600, "a100"),
                new TraceJob("b", 3, 5.5, "bob", TraceJobKind.Idea, 1, 1, null, null),
                new TraceJob("c", 4, 0, "carol", TraceJobKind.Training, 1, 8, 60, null),
            ],
            result.Jobs);
        Assert.Equal(8, result.Jobs[0].Gpus);
    }

    [Theory]
    [InlineData("x,1,alice,training,1,1", "expected 8 columns, found 6")]
    [InlineData(",1,alice,training,1,1,10,", "id is empty")]
    [InlineData("x,1,,training,1,1,10,", "owner is empty")]
    [InlineData("x,-1,alice,training,1,1,10,", "submit_seconds is -1; it must not be negative")]
    [InlineData("x,soon,alice,training,1,1,10,", "submit_seconds 'soon' is not a number of seconds")]
    [InlineData("x,NaN,alice,training,1,1,10,", "submit_seconds 'NaN' is not a number of seconds")]
    [InlineData("x,1,alice,inference,1,1,10,", "kind 'inference' is neither 'training' nor 'idea'")]
    [InlineData("x,1,alice,training,0,1,10,", "replicas is 0; it must be at least 1")]
    [InlineData("x,1,alice,training,1,0,10,", "gpus_per_replica is 0; it must be at least 1")]
    [InlineData("x,1,alice,training,1,1.5,10,", "gpus_per_replica '1.5' is not a whole number")]
    [InlineData("x,1,alice,training,1,1,,", "duration_seconds '' is not a number of seconds")]
    [InlineData("x,1,alice,training,1,1,0,", "duration_seconds is 0; it must be positive")]
    [InlineData("x,1,alice,training,100000,100000,10,", "100000 replicas x 100000 GPUs is too many GPUs")]
    [InlineData("\"x,1,alice,training,1,1,10,", "unterminated quoted field")]
    public void Invalid_native_rows_are_skipped_with_line_and_reason(string row, string reason)
    {
        var result = Parse(NativeHeader, "ok,0,alice,training,1,1,10,", row);

        Assert.Single(result.Jobs);
        var invalid = Assert.Single(result.Invalid);
        Assert.Equal(3, invalid.Line);
        Assert.Equal(reason, invalid.Reason);
    }

    [Fact]
    public void Invalid_row_messages_name_the_line_and_the_id()
    {
        var result = Parse(NativeHeader, "job-7,1,alice,training,0,1,10,");

        Assert.Equal("line 2 (id job-7): replicas is 0; it must be at least 1", result.Invalid.Single().ToString());
    }

    [Fact]
    public void A_repeated_id_is_invalid_and_names_its_first_line()
    {
        var result = Parse(NativeHeader, "a,0,alice,training,1,1,10,", "a,1,bob,training,1,1,10,");

        Assert.Equal("alice", result.Jobs.Single().Owner);
        Assert.Equal("duplicate id, first used on line 2", result.Invalid.Single().Reason);
    }

    [Fact]
    public void Quoted_fields_and_blank_lines_are_accepted()
    {
        var result = Parse(NativeHeader, "", "\"a,1\",0,\"al \"\"ice\"\"\",training,1,1,10,", "   ");

        Assert.Equal(("a,1", "al \"ice\""), (result.Jobs.Single().Id, result.Jobs.Single().Owner));
    }

    [Fact]
    public void Columns_are_found_by_name_in_any_order_and_gpu_type_may_be_absent()
    {
        var result = Parse("owner,id,kind,submit_seconds,duration_seconds,replicas,gpus_per_replica", "alice,a,training,3,60,1,2");

        Assert.Equal(new TraceJob("a", 2, 3, "alice", TraceJobKind.Training, 1, 2, 60, null), result.Jobs.Single());
    }

    [Fact]
    public void Philly_rows_are_training_runs_and_large_jobs_become_gangs_of_8_GPU_replicas()
    {
        var result = Parse(
            PhillyHeader,
            "0,vc_ed69ec,1,5601,5530,mobilenet_v2,96,5,159-189-229-289,10-8-5-2,0,soft",
            "1,vc_6214e9,8,7505,760,alexnet,106,6,235,10,0,strict",
            "2,vc_6c71a0,16,12378,3495,mobilenet_v2,26,14,102-142,10-8,0,soft",
            "3,vc_6c71a0,12,61,8388,inception_v3,83,18,119,10,0,strict");

        Assert.Equal(TraceFormat.Philly, result.Format);
        Assert.Empty(result.Invalid);
        Assert.Equal(
            [("0", 1, 1), ("1", 1, 8), ("2", 2, 8), ("3", 2, 8)],
            result.Jobs.Select(j => (j.Id, j.Replicas, j.GpusPerReplica)));
        Assert.Equal(new TraceJob("0", 2, 5601, "vc_ed69ec", TraceJobKind.Training, 1, 1, 96, null), result.Jobs[0]);
    }

    [Fact]
    public void Philly_rows_with_zero_GPUs_are_reported_with_their_job_ids()
    {
        var result = Parse(
            PhillyHeader,
            "224,vc_ee9e8c,0,12134,6561,mobilenet_v2,68,5,166,10,0,strict",
            "225,vc_ee9e8c,1,12134,6561,mobilenet_v2,68,5,166,10,0,strict",
            "306,vc_ed69ec,0,13898,4054,resnet101,160,5,202-252,10-8,0,soft",
            "307,vc_ed69ec,two,13898,4054,resnet101,160,5,202-252,10-8,0,soft",
            "308,vc_ed69ec,1,13898,4054,resnet101,-5,5,202-252,10-8,0,soft");

        Assert.Equal("225", result.Jobs.Single().Id);
        Assert.Equal(
            [
                "line 2 (id 224): num_gpu is 0; it must be at least 1",
                "line 4 (id 306): num_gpu is 0; it must be at least 1",
                "line 5 (id 307): num_gpu 'two' is not a whole number",
                "line 6 (id 308): duration is -5; it must be positive",
            ],
            result.Invalid.Select(r => r.ToString()));
    }

    [Theory]
    [InlineData("2147483647", "268435456 replicas x 8 GPUs is too many GPUs")]
    [InlineData("2147483641", "268435456 replicas x 8 GPUs is too many GPUs")]
    [InlineData("", "job_id is empty")]
    public void Philly_rows_with_more_GPUs_than_a_count_holds_or_no_id_are_invalid(string gpusOrEmptyId, string reason)
    {
        var row = gpusOrEmptyId.Length == 0 ? ",vc_a,1,0,x,m,60,5,1,1,0,soft" : $"9,vc_a,{gpusOrEmptyId},0,x,m,60,5,1,1,0,soft";

        var result = Parse(PhillyHeader, row);

        Assert.Empty(result.Jobs);
        Assert.Equal(reason, result.Invalid.Single().Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("name,gpus,gpu_type,rack\nn1,8,,")]
    public void An_unknown_or_missing_header_throws_a_clear_error(string text)
    {
        var error = Assert.Throws<InputFormatException>(() => TraceReader.Parse(new StringReader(text), "bad.csv"));

        Assert.StartsWith("bad.csv: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(NativeHeader, error.Message, StringComparison.Ordinal);
    }

    [SharedTraceFact]
    public void The_shared_philly_trace_parses_with_its_zero_GPU_rows_reported()
    {
        var result = TraceReader.ReadFile(SharedTrace.RequiredPath);

        Assert.Equal(30_940, result.Jobs.Count + result.Invalid.Count);
        Assert.InRange(result.Invalid.Count, 150, 250);
        Assert.All(result.Invalid, r => Assert.Contains("num_gpu is 0", r.Reason, StringComparison.Ordinal));
        Assert.Equal(11, result.Jobs.Select(j => j.Owner).Distinct().Count());
    }
}
