using ClusterOperator.Api.Model;

namespace ClusterOperator.Api.Schema;

/// <summary>What a CRD needs beyond its types: names, short names and the columns <c>kubectl get</c> shows.</summary>
public sealed record CrdDescription(
    Type Resource,
    Type Spec,
    Type Status,
    string Kind,
    string Plural,
    string ShortName,
    IReadOnlyList<PrinterColumn> Columns)
{
    public static readonly CrdDescription TrainingRun = new(
        typeof(TrainingRun),
        typeof(TrainingRunSpec),
        typeof(TrainingRunStatus),
        Model.TrainingRun.KubeKind,
        Model.TrainingRun.Plural,
        "tr",
        [
            new("Owner", "string", ".status.owner", "The person the run is charged to."),
            new("Replicas", "integer", ".status.replicas", "Worker pods bound to nodes."),
            new("GPUs", "integer", ".status.allocatedGpus", "GPUs the run holds now."),
            new("Share", "number", ".status.ownerFairShareGpus", "The owner's fair share of GPUs.", 1),
            new("Phase", "string", ".status.phase", "Pending, Running, Succeeded or Failed."),
            new("Restarts", "integer", ".status.restarts", "Gang restarts after failures.", 1),
            new("Waiting", "string", ".status.waitingReason", "Why a pending run is waiting."),
            new("Age", "date", ".metadata.creationTimestamp", "Time since the run was created."),
        ]);

    public static readonly CrdDescription IdeaExperiment = new(
        typeof(IdeaExperiment),
        typeof(IdeaExperimentSpec),
        typeof(IdeaExperimentStatus),
        Model.IdeaExperiment.KubeKind,
        Model.IdeaExperiment.Plural,
        "idea",
        [
            new("Owner", "string", ".status.owner", "The person the experiment is charged to."),
            new("GPUs", "integer", ".status.allocatedGpus", "GPUs the experiment holds now."),
            new("Phase", "string", ".status.phase", "Pending, Running, Succeeded, Failed or TimedOut."),
            new("Hypothesis", "string", ".spec.hypothesis", "What the experiment tests."),
            new("Waiting", "string", ".status.waitingReason", "Why a pending experiment is waiting.", 1),
            new("Promoted", "string", ".status.promotedTo", "The TrainingRun created from this experiment.", 1),
            new("Age", "date", ".metadata.creationTimestamp", "Time since the experiment was created."),
        ]);

    public static IReadOnlyList<CrdDescription> All { get; } = [TrainingRun, IdeaExperiment];

    public string Name => $"{Plural}.{ApiGroup.Group}";
}
