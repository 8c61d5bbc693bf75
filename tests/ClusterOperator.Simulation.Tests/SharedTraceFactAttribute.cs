namespace ClusterOperator.Simulation.Tests;

/// <summary>A fact that needs the shared Philly-derived trace; it is reported as skipped where the trace is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SharedTraceFactAttribute : FactAttribute
{
    public SharedTraceFactAttribute()
    {
        if (SharedTrace.Path is null)
        {
            Skip = "shared/traces/philly-mix2.csv is not beside the repository";
        }
    }
}
