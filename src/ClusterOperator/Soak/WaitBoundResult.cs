namespace ClusterOperator.Soak;

/// <summary>What <see cref="WaitBoundCheck"/> found.</summary>
/// <param name="Violations">One line per within-share run that waited past its bound.</param>
/// <param name="WithinShareWaits">Seconds each judged within-share run waited.</param>
/// <param name="WithinShare">Runs within share at creation.</param>
internal sealed record WaitBoundResult(IReadOnlyList<string> Violations, IReadOnlyList<double> WithinShareWaits, int WithinShare);
