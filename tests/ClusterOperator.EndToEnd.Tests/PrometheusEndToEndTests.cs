using System.Diagnostics;
using System.Text.Json.Nodes;
using ClusterOperator.EndToEnd.Tests.Support;

namespace ClusterOperator.EndToEnd.Tests;

/// <summary>A real Prometheus scrapes the operator running in the sandbox, and agrees with the runs' statuses.</summary>
public sealed class PrometheusEndToEndTests(OperatorSandboxProcess sandbox) : IClassFixture<OperatorSandboxProcess>
{
    private const string Runs = """
        apiVersion: training.clusteroperator.io/v1alpha1
        kind: TrainingRun
        metadata: {name: alice-long}
        spec:
          owner: alice
          replicas: 2
          gpusPerReplica: 4
          template: {spec: {containers: [{name: main, image: busybox}]}}
        ---
        apiVersion: training.clusteroperator.io/v1alpha1
        kind: TrainingRun
        metadata: {name: bob-long}
        spec:
          owner: bob
          replicas: 1
          gpusPerReplica: 4
          template: {spec: {containers: [{name: main, image: busybox}]}}
        """;

    [Fact]
    public async Task Prometheus_reports_the_same_allocated_gpus_per_owner_as_the_run_statuses()
    {
        var manifest = Path.Combine(Path.GetTempPath(), $"runs-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(manifest, Runs);
        (await sandbox.KubectlAsync("apply", "-f", manifest)).EnsureSuccess();
        File.Delete(manifest);
        await sandbox.KubectlUntilAsync(o => o.Split(' ', StringSplitOptions.RemoveEmptyEntries).Count(p => p == "Running") == 2, TimeSpan.FromSeconds(30),
            "get", "tr", "-o", "jsonpath={range .items[*]}{.status.phase} {end}");
        var fromStatus = await AllocatedFromStatusesAsync();

        await using var prometheus = await PrometheusServer.StartAsync(sandbox.MetricsPort);
        var fromPrometheus = await prometheus.QueryUntilAsync(
            "sum by (owner) (clusteroperator_gpus_allocated)",
            result => result.Count == fromStatus.Count && fromStatus.All(s => result.GetValueOrDefault(s.Key) == s.Value),
            TimeSpan.FromSeconds(30));

        Assert.Equal(fromStatus.OrderBy(p => p.Key), fromPrometheus.OrderBy(p => p.Key));
        Assert.Equal(8, fromPrometheus["alice"]);
        Assert.Equal(4, fromPrometheus["bob"]);
    }

    [Fact]
    public async Task Promtool_finds_nothing_to_report_in_a_scrape()
    {
        using var http = new HttpClient();
        var scrape = await http.GetStringAsync($"http://127.0.0.1:{sandbox.MetricsPort}/metrics");
        Assert.Contains("clusteroperator_leader", scrape, StringComparison.Ordinal);

        var promtool = await PrometheusServer.LocateAsync("promtool");
        var start = new ProcessStartInfo(promtool, ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(scrape);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0 && output.Trim().Length == 0, $"promtool check metrics reported:\n{output}");
    }

    private async Task<Dictionary<string, double>> AllocatedFromStatusesAsync()
    {
        var json = JsonNode.Parse((await sandbox.KubectlAsync("get", "tr", "-o", "json")).EnsureSuccess().Output)!;
        return json["items"]!.AsArray()
            .GroupBy(item => (string)item!["status"]!["owner"]!)
            .ToDictionary(g => g.Key, g => g.Sum(item => (double)item!["status"]!["allocatedGpus"]!));
    }
}
