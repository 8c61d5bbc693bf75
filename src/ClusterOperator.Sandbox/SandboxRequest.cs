namespace ClusterOperator.Sandbox;

/// <summary>
/// One authenticated request, as an audit log records it, with the verb named the way RBAC names it: get, list,
/// watch, create, update, patch, delete or deletecollection (for non-resource URLs, the lower-case HTTP method).
/// </summary>
/// <param name="User">The user the bearer token belongs to.</param>
/// <param name="Verb">The RBAC verb.</param>
/// <param name="Group">API group of the resource ("" for core, and for non-resource URLs).</param>
/// <param name="Resource">Plural resource name, e.g. "pods"; "" for non-resource URLs such as /version.</param>
/// <param name="Subresource">Subresource, e.g. "status" or "binding"; "" when none.</param>
/// <param name="Namespace">Namespace of the request; "" when cluster-wide.</param>
/// <param name="Name">Object name; "" for collections.</param>
/// <param name="Path">The request path.</param>
/// <param name="Code">The HTTP status code of the answer; 0 while the request (e.g. a watch) is still being served.</param>
public sealed record SandboxRequest(
    string User,
    string Verb,
    string Group,
    string Resource,
    string Subresource,
    string Namespace,
    string Name,
    string Path,
    int Code)
{
    /// <summary>The resource as an RBAC rule names it: "pods" or "pods/binding".</summary>
    public string RbacResource => Subresource.Length == 0 ? Resource : $"{Resource}/{Subresource}";
}
