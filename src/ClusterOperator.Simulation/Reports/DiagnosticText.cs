using System.Globalization;
using ClusterOperator.Simulation.Metrics;

namespace ClusterOperator.Simulation.Reports;

/// <summary>The diagnostics as text, shared by the terminal and the HTML report: where GPU-seconds went, and the long within-share waits.</summary>
internal static class DiagnosticText
{
    public static readonly IReadOnlyList<string> WaitColumns =
        ["job", "owner", "GPUs", "pods", "arrival (s)", "start (s)", "wait (s)", "needed / share at arrival → lowest", "not within share (s)", "reclaiming (s)", "no room (s)", "starving within share (s)", "cause"];

    public static string Capacity(string policy, ReplayDiagnostics d, int jobs)
    {
        var c = d.Capacity;
        return Text($"{policy}: GPU-seconds over the makespan: {Percent(c.RunningGpuSeconds, c)} training, {Percent(c.TerminatingGpuSeconds, c)} held by evicted pods in their grace period, {Percent(c.ReservedIdleGpuSeconds, c)} reserved and idle, {Percent(c.IdleWithWorkGpuSeconds, c)} idle while work waited, {Percent(c.IdleWithoutWorkGpuSeconds, c)} idle with nothing to run; {d.EvictedJobs:N0} jobs evicted, {d.OffGpuSeconds / Math.Max(1, jobs):N1} s per job off GPUs between first start and completion");
    }

    public static string WaitSummary(string policy, ReplayDiagnostics d)
    {
        var causes = d.LongWithinShareWaits.CountBy(w => w.CauseFor(d.WithinShareBoundSeconds)).ToDictionary();
        return Text($"{policy}: {d.LongWithinShareWaits.Count:N0} within-share jobs waited past {d.WithinShareBoundSeconds:N0} s (MinRuntime + grace + one round): {causes.GetValueOrDefault(WaitCause.ShareFell):N0} share fell, {causes.GetValueOrDefault(WaitCause.GangNeedsWholeNodes):N0} multi-node gangs waiting for whole nodes, {causes.GetValueOrDefault(WaitCause.Other):N0} other");
    }

    public static IReadOnlyList<string> WaitRow(WithinShareWait w, double boundSeconds) =>
    [
        w.Id,
        w.Owner,
        Text($"{w.Gpus:N0}"),
        Text($"{w.Replicas:N0}"),
        Text($"{w.SubmitSeconds:N0}"),
        Text($"{w.StartSeconds:N0}"),
        Text($"{w.WaitSeconds:N0}"),
        Text($"{w.NeededGpus:N0} / {w.ShareAtArrival:N1} → {w.LowestShare:N1}"),
        Text($"{w.OverShareSeconds:N0}"),
        Text($"{w.ReclaimingSeconds:N0}"),
        Text($"{w.NoRoomSeconds:N0}"),
        Text($"{w.StarvingSeconds:N0}"),
        Cause(w.CauseFor(boundSeconds)),
    ];

    /// <summary>One job on one line, for the terminal, where a 13-column table would not fit.</summary>
    public static string WaitLine(WithinShareWait w, double boundSeconds) =>
        Text($"  {w.Id} ({w.Owner}, {w.Gpus:N0} GPUs in {w.Replicas:N0} pod(s)): arrived {w.SubmitSeconds:N0} s, started {w.StartSeconds:N0} s, waited {w.WaitSeconds:N0} s; needed {w.NeededGpus:N0} of a {w.ShareAtArrival:N1}-GPU share (lowest {w.LowestShare:N1}); not within share {w.OverShareSeconds:N0} s, reclaiming {w.ReclaimingSeconds:N0} s, no room {w.NoRoomSeconds:N0} s, starving within share {w.StarvingSeconds:N0} s: {Cause(w.CauseFor(boundSeconds))}");

    private static string Cause(WaitCause cause) => cause switch
    {
        WaitCause.ShareFell => "share fell",
        WaitCause.GangNeedsWholeNodes => "gang, whole nodes",
        _ => "other",
    };

    private static string Percent(double part, CapacitySplit c) => Text($"{(c.TotalGpuSeconds > 0 ? part / c.TotalGpuSeconds : 0):P1}");

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
