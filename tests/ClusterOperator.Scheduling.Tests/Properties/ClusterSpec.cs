namespace ClusterOperator.Scheduling.Tests.Properties;

/// <summary>A generated cluster and arrival sequence; printed by CsCheck when a property fails.</summary>
public sealed record ClusterSpec(IReadOnlyList<Node> Nodes, IReadOnlyList<JobSpec> Jobs)
{
    public override string ToString() =>
        $"nodes: {string.Join(", ", Nodes.Select(n => $"{n.Name}({n.Gpus}{(n.Labels.TryGetValue("pool", out var p) ? " pool=" + p : string.Empty)})"))}; jobs: "
        + string.Join(", ", Jobs.Select(j => $"{j.Id}[{j.Kind} {j.Replicas}{(j.MinReplicas is { } m ? $"(min {m})" : string.Empty)}×{j.Gpus} @{j.SubmitRound} for {j.DurationRounds?.ToString() ?? "∞"} grace {j.GraceSeconds}s{(j.Pool is null ? string.Empty : " pool=" + j.Pool)}]"));
}
