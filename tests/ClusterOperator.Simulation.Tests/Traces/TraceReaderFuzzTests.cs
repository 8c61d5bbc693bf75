using System.Text;
using ClusterOperator.Simulation.Traces;
using CsCheck;

namespace ClusterOperator.Simulation.Tests.Traces;

public sealed class TraceReaderFuzzTests
{
    private static readonly string[] Headers =
    [
        "id,submit_seconds,owner,kind,replicas,gpus_per_replica,duration_seconds,gpu_type",
        "job_id,user,num_gpu,submit_time,iterations,model_name,duration,interval,expect_time_list,expect_value_list,best_effort,job_type",
    ];

    /// <summary>Lines built from CSV-ish pieces, so the fuzzer reaches the field checks and not only the column count.</summary>
    private static readonly Gen<string> Field = Gen.OneOf(
        Gen.String,
        Gen.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Double.Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.OneOfConst("", "\"", "\"\"", "training", "idea", "NaN", "-0", "1e309", "\uFEFF", "\r"));

    private static readonly Gen<string> Line = Gen.OneOf(
        Gen.String,
        Field.Array[0, 14].Select(fields => string.Join(',', fields)));

    [Fact]
    public void Random_lines_after_a_valid_header_never_throw()
    {
        Gen.Select(Gen.OneOfConst(Headers), Line.Array[0, 30])
            .Sample((header, lines) =>
            {
                var result = TraceReader.Parse(new StringReader(header + "\n" + string.Join('\n', lines)), "fuzz.csv");
                Assert.All(result.Jobs, job => Assert.True(job.Gpus > 0 && job.SubmitSeconds >= 0));
            });
    }

    [Fact]
    public void Random_bytes_either_parse_or_fail_with_an_input_format_error()
    {
        Gen.Byte.Array[0, 400]
            .Sample(bytes =>
            {
                try
                {
                    TraceReader.Parse(new StringReader(Encoding.UTF8.GetString(bytes)), "fuzz.bin");
                }
                catch (InputFormatException)
                {
                    // The only documented failure: the first line is not a known header.
                }
            });
    }

    [Fact]
    public void Random_bytes_after_a_valid_header_never_throw()
    {
        Gen.Select(Gen.OneOfConst(Headers), Gen.Byte.Array[0, 400])
            .Sample((header, bytes) =>
            {
                TraceReader.Parse(new StringReader(header + "\n" + Encoding.UTF8.GetString(bytes)), "fuzz.bin");
            });
    }
}
