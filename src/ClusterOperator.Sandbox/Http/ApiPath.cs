namespace ClusterOperator.Sandbox.Http;

/// <summary>
/// A resource URL split into its parts: /api/v1/namespaces/{ns}/{resource}/{name}/{subresource} and
/// /apis/{group}/{version}/..., including the deprecated /watch/ prefix.
/// </summary>
internal sealed record ApiPath(
    string Group,
    string Version,
    string? Namespace,
    string Resource,
    string? Name,
    string? Subresource,
    bool WatchPrefix)
{
    /// <summary>Parses a resource path; returns null for discovery paths and anything that is not a resource URL.</summary>
    public static ApiPath? Parse(string path)
    {
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        string group;
        string version;
        int rest;
        if (segments.Length >= 3 && segments[0] == "api")
        {
            (group, version, rest) = (string.Empty, segments[1], 2);
        }
        else if (segments.Length >= 4 && segments[0] == "apis")
        {
            (group, version, rest) = (segments[1], segments[2], 3);
        }
        else
        {
            return null;
        }

        var parts = segments[rest..];
        var watch = false;
        if (parts.Length > 1 && parts[0] == "watch")
        {
            watch = true;
            parts = parts[1..];
        }

        string? ns = null;
        if (parts.Length >= 3 && parts[0] == "namespaces" && !(parts.Length == 3 && parts[2] is "status" or "finalize"))
        {
            ns = parts[1];
            parts = parts[2..];
        }

        if (parts.Length is 0 or > 3)
        {
            return null;
        }

        return new ApiPath(group, version, ns, parts[0], parts.Length > 1 ? parts[1] : null, parts.Length > 2 ? parts[2] : null,
            watch);
    }
}
