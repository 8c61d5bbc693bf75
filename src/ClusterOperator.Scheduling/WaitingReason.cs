namespace ClusterOperator.Scheduling;

/// <summary>Why a workload waits: a code for machines and a sentence with numbers for people.</summary>
/// <param name="Code">Category.</param>
/// <param name="Message">E.g. "needs 16 GPUs, 4 free; reclaiming 12 from owner bob (over share by 20) — expected within 60s".</param>
public sealed record WaitingReason(WaitingCode Code, string Message);
