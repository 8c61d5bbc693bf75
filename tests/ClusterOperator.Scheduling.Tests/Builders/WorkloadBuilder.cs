using ClusterOperator.Scheduling;

namespace ClusterOperator.Scheduling.Tests.Builders;

/// <summary>
/// Builds a <see cref="Workload"/> with sensible defaults: owned by the id's prefix before '/', one pod with
/// one GPU, submitted 10 minutes before <see cref="Make.Now"/>, pending; running pods started an hour ago.
/// </summary>
public sealed class WorkloadBuilder(string id)
{
    private readonly List<BoundPod> _pods = [];
    private readonly Dictionary<string, string> _selector = [];
    private readonly List<Toleration> _tolerations = [];
    private readonly List<NodeSelectorRequirement> _affinity = [];
    private string _owner = id.Split('/')[0];
    private WorkloadKind _kind = WorkloadKind.Training;
    private int _replicas = 1;
    private int? _minReplicas;
    private int _gpus = 1;
    private string? _gpuType;
    private DateTimeOffset _submit = Make.Now - Make.Minutes(10);
    private DateTimeOffset? _pendingSince;
    private DateTimeOffset? _start;
    private TimeSpan? _grace;

    public WorkloadBuilder Owner(string owner)
    {
        _owner = owner;
        return this;
    }

    public WorkloadBuilder Idea()
    {
        _kind = WorkloadKind.Idea;
        return this;
    }

    public WorkloadBuilder Gpus(int perReplica)
    {
        _gpus = perReplica;
        return this;
    }

    public WorkloadBuilder Replicas(int replicas)
    {
        _replicas = replicas;
        return this;
    }

    public WorkloadBuilder Elastic(int min, int max)
    {
        _minReplicas = min;
        _replicas = max;
        return this;
    }

    public WorkloadBuilder GpuType(string type)
    {
        _gpuType = type;
        return this;
    }

    public WorkloadBuilder Selector(string key, string value)
    {
        _selector[key] = value;
        return this;
    }

    /// <summary>Adds a requirement to the single required-affinity term (requirements are ANDed).</summary>
    public WorkloadBuilder Affinity(string key, NodeSelectorOperator op, params string[] values)
    {
        _affinity.Add(new NodeSelectorRequirement(key, op, values));
        return this;
    }

    public WorkloadBuilder Tolerates(string key, string? value = null, TaintEffect? effect = null)
    {
        _tolerations.Add(new Toleration { Key = key, Value = value, Effect = effect, Operator = value is null ? TolerationOperator.Exists : TolerationOperator.Equal });
        return this;
    }

    public WorkloadBuilder SubmittedAgo(TimeSpan ago)
    {
        _submit = Make.Now - ago;
        return this;
    }

    public WorkloadBuilder PendingFor(TimeSpan wait)
    {
        _pendingSince = Make.Now - wait;
        return this;
    }

    /// <summary>Binds pods 0, 1, … to these nodes, started an hour ago unless <see cref="StartedAgo"/> says otherwise.</summary>
    public WorkloadBuilder RunningOn(params string[] nodes)
    {
        foreach (var node in nodes)
        {
            _pods.Add(new BoundPod(_pods.Count, node));
        }

        _start ??= Make.Now - Make.Minutes(60);
        return this;
    }

    public WorkloadBuilder Pod(int index, string node, bool terminating = false)
    {
        _pods.Add(new BoundPod(index, node, terminating));
        _start ??= Make.Now - Make.Minutes(60);
        return this;
    }

    public WorkloadBuilder StartedAgo(TimeSpan ago)
    {
        _start = Make.Now - ago;
        return this;
    }

    /// <summary>Marks every pod terminating, as after an eviction.</summary>
    public WorkloadBuilder Terminating()
    {
        for (var i = 0; i < _pods.Count; i++)
        {
            _pods[i] = _pods[i] with { Terminating = true };
        }

        return this;
    }

    public WorkloadBuilder Grace(TimeSpan grace)
    {
        _grace = grace;
        return this;
    }

    public Workload Obj() => new()
    {
        Id = id,
        Owner = _owner,
        Kind = _kind,
        Replicas = _replicas,
        MinReplicas = _minReplicas,
        GpusPerReplica = _gpus,
        Constraints = _selector.Count == 0 && _tolerations.Count == 0 && _affinity.Count == 0 && _gpuType is null
            ? NodeConstraints.None
            : new NodeConstraints { GpuType = _gpuType, NodeSelector = new Dictionary<string, string>(_selector), Tolerations = [.. _tolerations], RequiredAffinity = _affinity.Count == 0 ? [] : [new NodeSelectorTerm([.. _affinity])] },
        SubmitTime = _submit,
        PendingSince = _pendingSince,
        StartTime = _pods.Count > 0 ? _start : null,
        GracePeriod = _grace,
        Pods = [.. _pods],
    };
}
