using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace ClusterOperator.EndToEnd.Tests.Support;

/// <summary>A real Prometheus server (Debian's package) scraping one target every second, on a private port and store.</summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _directory;
    private readonly HttpClient _http = new();
    private readonly int _port;

    private PrometheusServer(Process process, DirectoryInfo directory, int port)
    {
        _process = process;
        _directory = directory;
        _port = port;
    }

    /// <summary>Finds a Prometheus binary on PATH, running the repository's installer once if it is missing.</summary>
    public static async Task<string> LocateAsync(string tool)
    {
        string? Find() => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
        if (Find() is { } found)
        {
            return found;
        }

        (await CliTools.RunAsync("bash", [RepositoryPaths.Combine("tools", "install-prometheus.sh")], new Dictionary<string, string>(), TimeSpan.FromMinutes(10))).EnsureSuccess();
        return Find() ?? throw new InvalidOperationException($"{tool} is still missing after tools/install-prometheus.sh");
    }

    public static async Task<PrometheusServer> StartAsync(int targetPort)
    {
        var binary = await LocateAsync("prometheus");
        var directory = Directory.CreateTempSubdirectory("prometheus-e2e-");
        var config = Path.Combine(directory.FullName, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: cluster-operator
                static_configs:
                  - targets: ["127.0.0.1:{targetPort}"]
            """);
        var port = OperatorSandboxProcess.FreePort();
        var start = new ProcessStartInfo(binary,
        [
            $"--config.file={config}",
            $"--storage.tsdb.path={Path.Combine(directory.FullName, "data")}",
            $"--web.listen-address=127.0.0.1:{port}",
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start prometheus");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new PrometheusServer(process, directory, port);
    }

    /// <summary>Runs an instant query until its result, as a map from the <c>owner</c> label to value, satisfies <paramref name="done"/>.</summary>
    public async Task<Dictionary<string, double>> QueryUntilAsync(string promQl, Func<Dictionary<string, double>, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = new Dictionary<string, double>();
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var body = await _http.GetStringAsync($"http://127.0.0.1:{_port}/api/v1/query?query={Uri.EscapeDataString(promQl)}");
                last = JsonNode.Parse(body)!["data"]!["result"]!.AsArray().ToDictionary(
                    r => (string?)r!["metric"]!["owner"] ?? "",
                    r => double.Parse((string)r!["value"]![1]!, CultureInfo.InvariantCulture));
                if (done(last))
                {
                    return last;
                }
            }
            catch (HttpRequestException)
            {
                // Prometheus is still starting.
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"{promQl} never matched within {timeout}; last result: {string.Join(", ", last.Select(p => $"{p.Key}={p.Value}"))}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _http.Dispose();
        _directory.Delete(recursive: true);
    }
}
