using k8s.Models;

namespace ClusterOperator.Runtime.Tests.Support;

/// <summary>Test pods with sensible defaults: <c>PodBuilder.Make("p", "ns").OnNode("n1").Obj()</c>.</summary>
public sealed class PodBuilder
{
    private readonly V1Pod _pod;

    private PodBuilder(string name, string ns)
    {
        _pod = new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, ResourceVersion = "1", Labels = new Dictionary<string, string>() },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "busybox" }] },
        };
    }

    public static PodBuilder Make(string name, string ns = "default") => new(name, ns);

    public PodBuilder OnNode(string node)
    {
        _pod.Spec.NodeName = node;
        return this;
    }

    public PodBuilder Label(string key, string value)
    {
        _pod.Metadata.Labels[key] = value;
        return this;
    }

    public PodBuilder Version(string resourceVersion)
    {
        _pod.Metadata.ResourceVersion = resourceVersion;
        return this;
    }

    public PodBuilder ControlledBy(string kind, string name)
    {
        _pod.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "training.clusteroperator.io/v1", Kind = kind, Name = name, Uid = name + "-uid", Controller = true }];
        return this;
    }

    public V1Pod Obj() => _pod;
}
