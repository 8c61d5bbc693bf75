using System.Globalization;
using k8s.Models;

namespace ClusterOperator.Api.Validation;

/// <summary>
/// Refuses templates that reach past the container into the shared node: privileged containers, the node's network,
/// PID or IPC namespaces, and host paths. A GPU lab's nodes are shared, so one user's pod must not see another's.
/// </summary>
/// <remarks>
/// allowPrivilegeEscalation is not refused: Kubernetes treats an unset value as true, so refusing only an explicit
/// true would protect nothing; a namespace's Pod Security level is the place to require it false.
/// </remarks>
internal static class HostAccessRules
{
    public static void Check(V1PodSpec? spec, string path, ErrorList errors)
    {
        if (spec is null)
        {
            return;
        }

        Refuse(spec.HostNetwork, path + ".hostNetwork", "shares the node's network with the pod", errors);
        Refuse(spec.HostPID, path + ".hostPID", "lets the pod see and signal every process on the node", errors);
        Refuse(spec.HostIPC, path + ".hostIPC", "shares the node's inter-process communication with the pod", errors);
        for (var i = 0; i < (spec.Volumes?.Count ?? 0); i++)
        {
            if (spec.Volumes![i]?.HostPath is not null)
            {
                errors.Add(At(path, "volumes", i) + ".hostPath", Sentence("mounts a directory of the node into the pod"));
            }
        }

        CheckContainers(spec.InitContainers, At(path, "initContainers"), errors);
        CheckContainers(spec.Containers, At(path, "containers"), errors);
    }

    private static void CheckContainers(IList<V1Container>? containers, string path, ErrorList errors)
    {
        for (var i = 0; i < (containers?.Count ?? 0); i++)
        {
            Refuse(containers![i]?.SecurityContext?.Privileged, string.Create(CultureInfo.InvariantCulture, $"{path}[{i}].securityContext.privileged"), "gives the container every device and capability of the node", errors);
        }
    }

    private static void Refuse(bool? asked, string path, string what, ErrorList errors)
    {
        if (asked == true)
        {
            errors.Add(path, Sentence(what));
        }
    }

    private static string Sentence(string what) =>
        $"is refused: it {what}, and nodes are shared. An administrator can allow it with Security:AllowPrivilegedPods.";

    private static string At(string path, string list) => $"{path}.{list}";

    private static string At(string path, string list, int index) => string.Create(CultureInfo.InvariantCulture, $"{path}.{list}[{index}]");
}
