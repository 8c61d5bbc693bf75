namespace ClusterOperator.Soak;

/// <summary>One operator process the soak killed with SIGKILL.</summary>
/// <param name="Time">When it was killed.</param>
/// <param name="Identity">Its leader-election identity.</param>
/// <param name="WasLeader">Whether it held the Lease just before, or nobody could be seen holding it (so it may have).</param>
internal sealed record OperatorKill(DateTimeOffset Time, string Identity, bool WasLeader);
