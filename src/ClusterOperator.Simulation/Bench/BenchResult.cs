namespace ClusterOperator.Simulation.Bench;

/// <summary>The benchmark's figures, printed as <c>{"nodes":N,"gpus":N,"pods":N,"placed":N,"seconds":S,"podsPerSecond":R,"planMillisP50":M,"planMillisP99":M}</c>.</summary>
/// <param name="Nodes">Nodes of the placement cluster.</param>
/// <param name="Gpus">Their GPUs.</param>
/// <param name="Pods">Pending pods offered.</param>
/// <param name="Placed">Pods bound by the one Plan.</param>
/// <param name="Seconds">Wall-clock seconds of that Plan (median of the repetitions).</param>
/// <param name="PodsPerSecond">Placed ÷ seconds.</param>
/// <param name="PlanMillisP50">Median Plan latency over the steady-state snapshot (10,000 running + 1,000 pending pods by default).</param>
/// <param name="PlanMillisP99">99th percentile of that latency.</param>
public sealed record BenchResult(int Nodes, int Gpus, int Pods, int Placed, double Seconds, double PodsPerSecond, double PlanMillisP50, double PlanMillisP99);
