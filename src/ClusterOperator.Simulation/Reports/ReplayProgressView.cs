using System.Globalization;
using ClusterOperator.Simulation.Replay;
using Spectre.Console;

namespace ClusterOperator.Simulation.Reports;

/// <summary>
/// Shows replay progress: one Spectre.Console progress bar per policy on an interactive terminal, or plain
/// lines (each policy at every tenth of its jobs) when output is redirected, so logs stay readable.
/// </summary>
public static class ReplayProgressView
{
    private const int PlainSteps = 10;

    /// <param name="console">Where to show progress.</param>
    /// <param name="policies">The policies that will report, in display order.</param>
    /// <param name="replay">Runs the replay, reporting through the given progress sink (possibly from several threads).</param>
    public static async Task<T> RunAsync<T>(IAnsiConsole console, IReadOnlyList<string> policies, Func<IProgress<ReplayProgress>, Task<T>> replay)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(replay);
        if (!console.Profile.Capabilities.Interactive)
        {
            return await replay(new PlainProgress(console));
        }

        return await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var tasks = policies.ToDictionary(p => p, p => context.AddTask(Markup.Escape(p), autoStart: true, maxValue: 1));
                var result = await replay(new SynchronousProgress(update =>
                {
                    if (tasks.TryGetValue(update.Policy, out var task))
                    {
                        task.Value = update.Fraction;
                    }
                }));
                foreach (var task in tasks.Values)
                {
                    task.Value = task.MaxValue;
                }

                return result;
            });
    }

    /// <summary>Invokes the callback on the reporting thread: <see cref="Progress{T}"/> would post and reorder updates.</summary>
    private sealed class SynchronousProgress(Action<ReplayProgress> report) : IProgress<ReplayProgress>
    {
        public void Report(ReplayProgress value) => report(value);
    }

    private sealed class PlainProgress(IAnsiConsole console) : IProgress<ReplayProgress>
    {
        private readonly Dictionary<string, int> _lastStep = [];
        private readonly Lock _lock = new();

        public void Report(ReplayProgress value)
        {
            var step = (int)Math.Floor(value.Fraction * PlainSteps);
            lock (_lock)
            {
                if (_lastStep.TryGetValue(value.Policy, out var last) && last >= step)
                {
                    return;
                }

                _lastStep[value.Policy] = step;
                console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{value.Policy}: {step * 100 / PlainSteps}% ({value.CompletedJobs}/{value.TotalJobs} jobs, {value.SimulatedSeconds / 3600:F1} h simulated)"));
            }
        }
    }
}
