using System.Diagnostics;
using System.Globalization;

namespace ClusterOperator.Benchmarks;

/// <summary>A child process of a benchmark: started, watched for a line of output, killed with its tree on dispose.</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentLines _lines = new();

    private ChildProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => _lines.Add(e.Data);
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static ChildProcess Start(string executable, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return new ChildProcess(Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}"));
    }

    public Task WaitForLineAsync(string prefix, TimeSpan timeout) => _lines.WaitForAsync(prefix).WaitAsync(timeout);

    /// <summary>The resident set of the process, from /proc, in MiB.</summary>
    public double ResidentMegabytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    /// <summary>CPU time the process has used so far, user and system.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private sealed class ConcurrentLines
    {
        private readonly Lock _gate = new();
        private readonly List<string> _seen = [];
        private readonly List<(string Prefix, TaskCompletionSource Done)> _waiters = [];

        public void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_gate)
            {
                _seen.Add(line);
                foreach (var waiter in _waiters.Where(w => line.StartsWith(w.Prefix, StringComparison.Ordinal)).ToList())
                {
                    waiter.Done.TrySetResult();
                    _waiters.Remove(waiter);
                }
            }
        }

        public Task WaitForAsync(string prefix)
        {
            lock (_gate)
            {
                if (_seen.Any(l => l.StartsWith(prefix, StringComparison.Ordinal)))
                {
                    return Task.CompletedTask;
                }

                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((prefix, done));
                return done.Task;
            }
        }
    }
}
