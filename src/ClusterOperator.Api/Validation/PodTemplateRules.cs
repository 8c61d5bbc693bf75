using System.Globalization;
using ClusterOperator.Api.Model;
using k8s.Models;

namespace ClusterOperator.Api.Validation;

/// <summary>Checks on a pod template that hold for every kind: the operator owns GPUs, restarts and scheduling.</summary>
internal static class PodTemplateRules
{
    /// <summary>Adds an error per broken rule; when <paramref name="allowHostAccess"/> is false, host access is refused too.</summary>
    public static void Check(V1PodTemplateSpec? template, string path, ErrorList errors, int gpusPerPod, bool allowHostAccess)
    {
        if (template?.Spec is null)
        {
            errors.Add(path + ".spec", "is required: the template needs a pod spec with at least one container.");
            return;
        }

        var spec = template.Spec;
        if (spec.Containers is not { Count: > 0 })
        {
            errors.Add(path + ".spec.containers", "must list at least one container.");
            return;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < spec.Containers.Count; i++)
        {
            var container = spec.Containers[i];
            var at = string.Create(CultureInfo.InvariantCulture, $"{path}.spec.containers[{i}]");
            if (string.IsNullOrEmpty(container.Name))
            {
                errors.Add(at + ".name", "is required.");
            }
            else if (!names.Add(container.Name))
            {
                errors.Add(at + ".name", $"'{container.Name}' is used by two containers; container names must be unique.");
            }

            if (string.IsNullOrWhiteSpace(container.Image))
            {
                errors.Add(at + ".image", "is required.");
            }

            CheckGpuRequest(container, at, errors, gpusPerPod);
        }

        if (spec.RestartPolicy is { } policy && policy != "Never")
        {
            errors.Add(path + ".spec.restartPolicy", $"must be Never or unset, not {policy}: the operator restarts the whole gang itself.");
        }

        if (spec.SchedulerName is { } scheduler && scheduler != ApiGroup.SchedulerName)
        {
            errors.Add(path + ".spec.schedulerName", $"must be unset or {ApiGroup.SchedulerName}, not {scheduler}: the operator places these pods.");
        }

        if (!string.IsNullOrEmpty(spec.NodeName))
        {
            errors.Add(path + ".spec.nodeName", "must be unset: the operator chooses nodes by fair share.");
        }

        if (!allowHostAccess)
        {
            HostAccessRules.Check(spec, path + ".spec", errors);
        }
    }

    private static void CheckGpuRequest(V1Container container, string at, ErrorList errors, int gpusPerPod)
    {
        foreach (var (kind, quantities) in new[] { ("limits", container.Resources?.Limits), ("requests", container.Resources?.Requests) })
        {
            if (quantities is null || !quantities.TryGetValue(ApiGroup.GpuResource, out var quantity))
            {
                continue;
            }

            var asked = Whole(quantity);
            if (asked != gpusPerPod)
            {
                errors.Add(
                    $"{at}.resources.{kind}[{ApiGroup.GpuResource}]",
                    string.Create(CultureInfo.InvariantCulture, $"asks for {(asked is { } count ? count.ToString(CultureInfo.InvariantCulture) : quantity.ToString())} GPUs, but the spec gives each pod {gpusPerPod}; leave it out and the operator sets it."));
            }
        }
    }

    /// <summary>The quantity as a whole number, or null when it is past any integer (a quantity such as 1e30 is valid).</summary>
    private static long? Whole(ResourceQuantity quantity)
    {
        try
        {
            return quantity.ToInt64();
        }
        catch (OverflowException)
        {
            return null;
        }
    }
}
