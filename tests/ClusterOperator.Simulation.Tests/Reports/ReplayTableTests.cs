using ClusterOperator.Simulation.Reports;
using Spectre.Console;

namespace ClusterOperator.Simulation.Tests.Reports;

public sealed class ReplayTableTests
{
    internal static (IAnsiConsole Console, StringWriter Output) PlainConsole()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 160;
        return (console, output);
    }

    [Fact]
    public void The_table_has_a_row_per_metric_and_a_column_per_policy()
    {
        var (console, output) = PlainConsole();

        ReplayTable.Write(console, SampleResults.Hours());

        var text = output.ToString();
        Assert.Contains("hours.csv on 16 GPUs", text, StringComparison.Ordinal);
        Assert.Contains("fair-share", text, StringComparison.Ordinal);
        Assert.Contains("fifo", text, StringComparison.Ordinal);
        foreach (var label in new[] { "avg JCT (s)", "max within-share queue (s)", "Jain index", "utilisation ÷ bound", "makespan (s)" })
        {
            Assert.Contains(label, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("unfinished", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Unfinished_jobs_and_skipped_rows_are_shown_when_there_are_any()
    {
        var (console, output) = PlainConsole();

        ReplayTable.Write(console, SampleResults.Tiny());

        var text = output.ToString();
        Assert.Matches(@"unfinished jobs\s*│\s*1", text);
        Assert.Contains("1 invalid row(s) skipped:", text, StringComparison.Ordinal);
        Assert.Contains("line 3 (id x): num_gpu is 0; it must be at least 1", text, StringComparison.Ordinal);
    }
}
