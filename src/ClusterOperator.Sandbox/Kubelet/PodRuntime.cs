namespace ClusterOperator.Sandbox.Kubelet;

/// <summary>What the simulated kubelet remembers about one admitted pod (by uid); only its loop touches it.</summary>
internal sealed class PodRuntime(string uid, string node, DateTimeOffset admittedAt) : IDisposable
{
    public string Uid { get; } = uid;

    public string Node { get; } = node;

    public DateTimeOffset AdmittedAt { get; } = admittedAt;

    /// <summary>When the current container run started; null while the pod is still starting.</summary>
    public DateTimeOffset? RunningSince { get; set; }

    /// <summary>When the containers will have stopped after a deletion request.</summary>
    public DateTimeOffset? StopBy { get; set; }

    /// <summary>The resources the pod holds on its node while admitted.</summary>
    public Dictionary<string, decimal> Requests { get; } = new(StringComparer.Ordinal);

    public ITimer? Timer { get; private set; }

    public void Schedule(ITimer timer)
    {
        Timer?.Dispose();
        Timer = timer;
    }

    public void Dispose() => Timer?.Dispose();
}
