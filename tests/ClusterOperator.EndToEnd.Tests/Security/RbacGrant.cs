namespace ClusterOperator.EndToEnd.Tests.Security;

/// <summary>One permission an RBAC rule grants: a verb on a resource (or "resource/subresource") of an API group.</summary>
public sealed record RbacGrant(string Group, string Resource, string Verb)
{
    public override string ToString() => $"{(Group.Length == 0 ? "core" : Group)} {Resource} {Verb}";
}
