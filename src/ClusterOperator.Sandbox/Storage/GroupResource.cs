namespace ClusterOperator.Sandbox.Storage;

/// <summary>Identifies where objects of one resource are stored, independent of the version they are served in.</summary>
internal readonly record struct GroupResource(string Group, string Resource)
{
    public override string ToString() => Group.Length == 0 ? Resource : $"{Resource}.{Group}";
}
