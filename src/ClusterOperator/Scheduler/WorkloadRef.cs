using ClusterOperator.Runtime;

namespace ClusterOperator.Scheduler;

/// <summary>Which object a scheduling workload stands for: a TrainingRun, or one variant of an IdeaExperiment.</summary>
internal sealed record WorkloadRef(WorkloadOrigin Origin, ObjectKey Key, string? Variant = null)
{
    /// <summary>The id the core knows the workload by; unique across both kinds.</summary>
    public string Id => Origin == WorkloadOrigin.TrainingRun ? $"tr/{Key}" : $"idea/{Key}/{Variant}";

    /// <summary>The name of the pod that replica <paramref name="index"/> of this workload runs in.</summary>
    public string PodName(int index) =>
        Origin == WorkloadOrigin.TrainingRun
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Key.Name}-{index}")
            : $"{Key.Name}-{Variant}";
}

/// <summary>The kind of object a workload comes from.</summary>
internal enum WorkloadOrigin
{
    TrainingRun,
    IdeaExperiment,
}
