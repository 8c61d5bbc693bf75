namespace ClusterOperator.Sandbox.Protobuf;

internal enum ProtoKind
{
    String,
    Bytes,
    Int64,
    Bool,
    Message,
    Map,
    Time,
}
