using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ClusterOperator.EndToEnd.Tests.Support;

/// <summary>
/// The main job as a user starts it: <c>clusteroperator sandbox</c> in its own process, with kubectl pointed at the
/// kubeconfig it writes and its operator's /metrics on a known port.
/// </summary>
public sealed class OperatorSandboxProcess : IAsyncLifetime
{
    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("operator-e2e-");
    private Process? _process;
    private Dictionary<string, string> _environment = [];
    private string _kubectl = "kubectl";

    public int MetricsPort { get; } = FreePort();

    public string Kubeconfig => Path.Combine(_home.FullName, "kubeconfig");

    public async Task InitializeAsync()
    {
        _kubectl = await CliTools.LocateAsync("kubectl");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        foreach (var argument in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "clusteroperator.dll"), "sandbox",
            "--kubeconfig", Kubeconfig, "--metrics-port", MetricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--FairShare:MinRuntime=0s",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start clusteroperator sandbox");
        _process.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.StartsWith("Kubeconfig:", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromMinutes(1));
        await WaitForOperatorAsync(TimeSpan.FromMinutes(1));
        _environment = new Dictionary<string, string>
        {
            ["HOME"] = _home.FullName,
            ["KUBECONFIG"] = Kubeconfig,
            ["XDG_CACHE_HOME"] = Path.Combine(_home.FullName, ".cache"),
        };
    }

    /// <summary>The sandbox is up before its operator: wait until the operator's caches have synced.</summary>
    private async Task WaitForOperatorAsync(TimeSpan timeout)
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{MetricsPort}/readyz")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"the operator in the sandbox was not ready within {timeout}");
    }

    public Task<CommandResult> KubectlAsync(params string[] arguments) =>
        CliTools.RunAsync(_kubectl, arguments, _environment, TimeSpan.FromMinutes(2));

    /// <summary>Runs kubectl until its output satisfies <paramref name="done"/>.</summary>
    public async Task<string> KubectlUntilAsync(Func<string, bool> done, TimeSpan timeout, params string[] arguments)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var result = (await KubectlAsync(arguments)).EnsureSuccess();
            if (done(result.Output))
            {
                return result.Output;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"kubectl {string.Join(' ', arguments)} never satisfied the test within {timeout}; last output:\n{result.Output}");
            }

            await Task.Delay(500);
        }
    }

    /// <summary>Sends SIGTERM, as the kubelet or Ctrl-C would, and returns the exit code, or null if it did not exit in time.</summary>
    public async Task<int?> TerminateAsync(TimeSpan timeout)
    {
        var process = _process ?? throw new InvalidOperationException("the sandbox was never started");
        (await CliTools.RunAsync("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], new Dictionary<string, string>(), timeout)).EnsureSuccess();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _home.Delete(recursive: true);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
