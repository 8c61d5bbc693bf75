using System.Diagnostics;
using System.Globalization;

namespace ClusterOperator.Soak;

/// <summary>
/// One operator replica as a separate process (<c>clusteroperator run</c>), which the soak kills with SIGKILL and
/// starts again under a fresh identity. Its output is appended to a log file kept for diagnosing violations.
/// </summary>
internal sealed class OperatorReplica : IDisposable
{
    private readonly string _slot;
    private readonly IReadOnlyList<string> _arguments;
    private readonly StreamWriter _log;
    private readonly Lock _logGate = new();
    private Process? _process;
    private Uri? _probes;
    private int _generation;
    private bool _disposed;

    public OperatorReplica(string slot, IReadOnlyList<string> arguments, string logPath)
    {
        _slot = slot;
        _arguments = arguments;
        _log = new StreamWriter(logPath, append: true) { AutoFlush = true };
    }

    /// <summary>The leader-election identity of the running process, or null while it is down.</summary>
    public string? Identity { get; private set; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>A description of how the process ended when it ended by itself (a crash), or null.</summary>
    public string? Crash => _process is { HasExited: true } process && Identity is { } identity
        ? string.Create(CultureInfo.InvariantCulture, $"{identity} exited by itself with code {process.ExitCode} at {process.ExitTime.ToUniversalTime():HH:mm:ss}")
        : null;

    public void Start()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsRunning)
        {
            throw new InvalidOperationException($"replica {_slot} is already running");
        }

        _process?.Dispose();
        _probes = null;
        Identity = string.Create(CultureInfo.InvariantCulture, $"soak-{_slot}-{_generation++}");
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            // Under `dotnet clusteroperator.dll` (as tests run it), the child needs the assembly path too.
            start.ArgumentList.Add(typeof(OperatorReplica).Assembly.Location);
        }

        foreach (var argument in _arguments.Append("--LeaderElection:Identity=" + Identity))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start an operator replica");
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Write($"--- soak: started {Identity} as pid {process.Id.ToString(CultureInfo.InvariantCulture)}");
        _process = process;
    }

    /// <summary>Whether the running process serves /readyz with 200: every informer has synced.</summary>
    public async Task<bool> IsReadyAsync(HttpClient http, CancellationToken ct)
    {
        if (!IsRunning || Volatile.Read(ref _probes) is not { } probes)
        {
            return false;
        }

        try
        {
            using var response = await http.GetAsync(new Uri(probes, "/readyz"), ct);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            // Not listening yet, too slow to answer, or the soak is ending.
            return false;
        }
    }

    /// <summary>Kills the process with SIGKILL, as a crash or an OOM kill would end it: no lease hand-back, no cleanup.</summary>
    public void Kill()
    {
        if (_process is not { } process)
        {
            return;
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: false);
            process.WaitForExit();
        }

        Write($"--- soak: SIGKILL {Identity}");
        Identity = null;
    }

    public void Dispose()
    {
        _disposed = true;
        Kill();
        _process?.Dispose();
        _log.Dispose();
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        // OperatorHost announces "Operator serving probes on http://127.0.0.1:PORT as IDENTITY".
        const string probesPrefix = "serving probes on ";
        var at = line.IndexOf(probesPrefix, StringComparison.Ordinal);
        if (at >= 0 && Uri.TryCreate(line[(at + probesPrefix.Length)..].Split(' ')[0], UriKind.Absolute, out var probes))
        {
            Volatile.Write(ref _probes, probes);
        }

        lock (_logGate)
        {
            _log.WriteLine(line);
        }
    }
}
