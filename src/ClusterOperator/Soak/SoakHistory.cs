using System.Text.Json;
using ClusterOperator.Api;
using ClusterOperator.Api.Model;
using ClusterOperator.Sandbox;
using ClusterOperator.Workloads;
using k8s;
using k8s.Models;

namespace ClusterOperator.Soak;

/// <summary>
/// The API server's own history of the soak (<see cref="SandboxHost.EventLog"/>), read once into what the checks
/// need: every pod change in commit order, each run's creation, first terminal time and final state, and the
/// Lease's holders.
/// </summary>
internal sealed class SoakHistory
{
    private SoakHistory(IReadOnlyList<PodChange> pods, IReadOnlyDictionary<string, DateTimeOffset> created, IReadOnlyDictionary<string, DateTimeOffset> finished,
        IReadOnlyDictionary<string, TrainingRun> runs, IReadOnlyDictionary<string, IdeaExperiment> ideas, IReadOnlyList<string> leaseHolders)
    {
        PodChanges = pods;
        Created = created;
        Finished = finished;
        Runs = runs;
        Ideas = ideas;
        LeaseHolders = leaseHolders;
        FinalPods = pods.GroupBy(p => p.Name, StringComparer.Ordinal).Select(g => g.Last()).Where(p => !p.Deleted)
            .ToDictionary(p => p.Name, StringComparer.Ordinal);
    }

    /// <summary>Every pod change in the soak namespace, oldest first.</summary>
    public IReadOnlyList<PodChange> PodChanges { get; }

    /// <summary>The pods that exist at the end, by name.</summary>
    public IReadOnlyDictionary<string, PodChange> FinalPods { get; }

    /// <summary>When each run and idea was created, by name.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> Created { get; }

    /// <summary>When each run and idea first showed a terminal phase, by name.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> Finished { get; }

    /// <summary>The TrainingRuns that exist at the end, by name.</summary>
    public IReadOnlyDictionary<string, TrainingRun> Runs { get; }

    /// <summary>The IdeaExperiments that exist at the end, by name.</summary>
    public IReadOnlyDictionary<string, IdeaExperiment> Ideas { get; }

    /// <summary>Each successive non-empty holder of the operator's Lease, consecutive repeats removed.</summary>
    public IReadOnlyList<string> LeaseHolders { get; }

    public static SoakHistory Read(IReadOnlyList<SandboxEvent> events)
    {
        var pods = new List<PodChange>();
        var created = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var finished = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var runs = new Dictionary<string, TrainingRun>(StringComparer.Ordinal);
        var ideas = new Dictionary<string, IdeaExperiment>(StringComparer.Ordinal);
        var holders = new List<string>();
        foreach (var change in events.Where(e => e.Namespace == PlannedRun.Namespace))
        {
            var deleted = change.Type == "DELETED";
            switch (change.Group, change.Resource)
            {
                case ("", "pods"):
                    pods.Add(Pod(change, KubernetesJson.Deserialize<V1Pod>(change.Body.GetRawText())));
                    break;
                case (ApiGroup.Group, TrainingRun.Plural):
                    var run = KubernetesJson.Deserialize<TrainingRun>(change.Body.GetRawText());
                    Track(runs, created, change, deleted, run);
                    if (run.Status?.Phase is TrainingRunPhase.Succeeded or TrainingRunPhase.Failed)
                    {
                        finished.TryAdd(change.Name, change.Time);
                    }

                    break;
                case (ApiGroup.Group, IdeaExperiment.Plural):
                    var idea = KubernetesJson.Deserialize<IdeaExperiment>(change.Body.GetRawText());
                    Track(ideas, created, change, deleted, idea);
                    if (idea.Status?.Phase is IdeaPhase.Succeeded or IdeaPhase.Failed or IdeaPhase.TimedOut)
                    {
                        finished.TryAdd(change.Name, change.Time);
                    }

                    break;
                case ("coordination.k8s.io", "leases") when change.Name == SoakSettings.LeaseName:
                    var holder = change.Body.TryGetProperty("spec", out var spec) && spec.TryGetProperty("holderIdentity", out var h)
                        && h.ValueKind == JsonValueKind.String ? h.GetString() : null;
                    if (!string.IsNullOrEmpty(holder) && (holders.Count == 0 || holders[^1] != holder))
                    {
                        holders.Add(holder);
                    }

                    break;
            }
        }

        return new SoakHistory(pods, created, finished, runs, ideas, holders);
    }

    private static void Track<T>(Dictionary<string, T> final, Dictionary<string, DateTimeOffset> created, SandboxEvent change, bool deleted, T value)
    {
        created.TryAdd(change.Name, change.Time);
        if (deleted)
        {
            final.Remove(change.Name);
        }
        else
        {
            final[change.Name] = value;
        }
    }

    private static PodChange Pod(SandboxEvent change, V1Pod pod)
    {
        string? Label(string key) => pod.Metadata.Labels?.TryGetValue(key, out var value) == true ? value : null;
        var run = Label(ApiGroup.RunLabel);
        var idea = Label(ApiGroup.IdeaLabel);
        var gpus = pod.Spec?.Containers?.Sum(c => c.Resources?.Limits?.TryGetValue(ApiGroup.GpuResource, out var q) == true ? (int)q.ToInt64() : 0) ?? 0;
        return new PodChange(
            change.Time,
            change.Name,
            change.Type == "DELETED",
            pod.Spec?.NodeName,
            pod.Status?.Phase,
            pod.Status?.Reason,
            pod.Status?.ContainerStatuses?.FirstOrDefault()?.State?.Terminated?.ExitCode,
            pod.Metadata.DeletionTimestamp is not null,
            gpus,
            run ?? idea,
            run is not null ? Label(ApiGroup.ReplicaIndexLabel) : Label(ApiGroup.VariantLabel),
            Label(GangPods.AttemptLabel));
    }
}
