using System.Text;
using ClusterOperator.Sandbox.Protobuf;

namespace ClusterOperator.Sandbox.Tests.Unit;

public sealed class ProtobufTests
{
    [Fact]
    public void A_protobuf_secret_from_a_go_client_decodes_to_json()
    {
        var metadata = Message(Field(1, "release"), Field(3, "apps"), Field(11, Message(Field(1, "owner"), Field(2, "helm"))));
        var secret = Message(Field(1, metadata), Field(2, Message(Field(1, "release"), Field(2, Encoding.UTF8.GetBytes("payload")))),
            Field(3, "helm.sh/release.v1"));
        var envelope = Message(Field(1, Message(Field(1, "v1"), Field(2, "Secret"))), Field(2, secret));

        var decoded = KubernetesProtobuf.Decode([.. "k8s\0"u8.ToArray(), .. envelope]);

        Assert.Equal("v1", (string?)decoded["apiVersion"]);
        Assert.Equal("Secret", (string?)decoded["kind"]);
        Assert.Equal("release", (string?)decoded["metadata"]!["name"]);
        Assert.Equal("helm", (string?)decoded["metadata"]!["labels"]!["owner"]);
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes("payload")), (string?)decoded["data"]!["release"]);
        Assert.Equal("helm.sh/release.v1", (string?)decoded["type"]);
    }

    private static byte[] Field(int number, string value) => Field(number, Encoding.UTF8.GetBytes(value));

    private static byte[] Field(int number, byte[] payload) => [(byte)((number << 3) | 2), .. Varint(payload.Length), .. payload];

    private static byte[] Message(params byte[][] fields) => fields.SelectMany(f => f).ToArray();

    private static byte[] Varint(int value)
    {
        var bytes = new List<byte>();
        var remaining = (uint)value;
        while (remaining >= 0x80)
        {
            bytes.Add((byte)(remaining | 0x80));
            remaining >>= 7;
        }

        bytes.Add((byte)remaining);
        return [.. bytes];
    }
}
