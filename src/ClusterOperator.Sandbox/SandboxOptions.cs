namespace ClusterOperator.Sandbox;

/// <summary>Settings of an embedded sandbox cluster; the defaults match <c>clusteroperator sandbox</c> without flags.</summary>
public sealed class SandboxOptions
{
    /// <summary>Number of simulated GPU nodes. Default 4.</summary>
    public int Nodes { get; set; } = 4;

    /// <summary>nvidia.com/gpu capacity of each node. Default 8.</summary>
    public int GpusPerNode { get; set; } = 8;

    /// <summary>Value of the nvidia.com/gpu.product node label. Default "H100".</summary>
    public string GpuType { get; set; } = "H100";

    /// <summary>Racks the nodes are spread over, in contiguous blocks (label topology.clusteroperator.io/rack). Default 1.</summary>
    public int Racks { get; set; } = 1;

    /// <summary>CPU capacity of each node. Default "128".</summary>
    public string CpuPerNode { get; set; } = "128";

    /// <summary>Memory capacity of each node. Default "1Ti".</summary>
    public string MemoryPerNode { get; set; } = "1Ti";

    /// <summary>TCP port on 127.0.0.1; 0 picks a free one. Default 0.</summary>
    public int Port { get; set; }

    /// <summary>Where to write the kubeconfig; null writes none. Default ".sandbox/kubeconfig".</summary>
    public string? KubeconfigPath { get; set; } = ".sandbox/kubeconfig";

    /// <summary>The bearer token of the administrator (<see cref="SandboxHost.AdminUser"/>); null generates a random one at start.</summary>
    public string? Token { get; set; }

    /// <summary>
    /// More identities, user name → bearer token, e.g. "alice" or "system:serviceaccount:ops:cluster-operator". The
    /// kubeconfig gets a user and a context named after each, and admission sees the name as request.userInfo.username.
    /// </summary>
    public IDictionary<string, string> Users { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Users whose requests fault injection never fails, e.g. a test driver that only creates the workload while the
    /// operator under test meets the faults. <see cref="SandboxHost.AdminUser"/> may be listed too. Default none.
    /// </summary>
    public ISet<string> FaultExemptUsers { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Keep every authenticated request for <see cref="SandboxHost.RequestLog"/> (memory grows with requests). Default false.</summary>
    public bool RecordRequests { get; set; }

    /// <summary>Fraction of API requests answered with 500 or 429 (fault injection). Default 0.</summary>
    public double FaultRate { get; set; }

    /// <summary>Seed for the fault injector's choices; null is random.</summary>
    public int? FaultSeed { get; set; }

    /// <summary>When set, the server closes every watch after this many seconds. Default none.</summary>
    public int? WatchMaxSeconds { get; set; }

    /// <summary>Changes kept for resuming watches; watches from older versions get 410 Expired. Default 10,000.</summary>
    public int History { get; set; } = 10_000;

    /// <summary>How often watches that allow bookmarks get one. Default 10 seconds.</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a bound pod stays Pending (ContainerCreating) before it runs. Default 500 ms.</summary>
    public TimeSpan PodStartupDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Keep every committed change for <see cref="SandboxHost.EventLog"/> (memory grows with writes). Default false.</summary>
    public bool RecordEventLog { get; set; }

    /// <summary>CustomResourceDefinition manifests (YAML or JSON, multi-document allowed) registered at start.</summary>
    public IList<string> CustomResourceDefinitions { get; } = [];
}
