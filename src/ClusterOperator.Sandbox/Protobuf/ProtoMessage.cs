using System.Text;
using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Json;

namespace ClusterOperator.Sandbox.Protobuf;

/// <summary>A protobuf message layout (field number to JSON field) and its decoding to JSON.</summary>
internal sealed class ProtoMessage
{
    private readonly Dictionary<int, ProtoField> _fields = [];

    public ProtoMessage Add(int number, ProtoField field)
    {
        _fields[number] = field;
        return this;
    }

    public JsonObject Decode(ReadOnlySpan<byte> data)
    {
        var result = new JsonObject();
        var reader = new ProtobufReader(data);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            if (!_fields.TryGetValue(number, out var field))
            {
                reader.Skip(wireType);
                continue;
            }

            var value = ReadValue(ref reader, field, wireType);
            if (field.Kind == ProtoKind.Map)
            {
                var map = result[field.Name] as JsonObject ?? [];
                result[field.Name] = map;
                var (key, entry) = ((string, JsonNode?))value!.AsObject().Select(p => (p.Key, p.Value)).Single();
                map[key] = entry?.DeepClone();
            }
            else if (field.Repeated)
            {
                var list = result[field.Name] as JsonArray ?? [];
                result[field.Name] = list;
                list.Add(value);
            }
            else
            {
                result[field.Name] = value;
            }
        }

        return result;
    }

    private static JsonNode? ReadValue(ref ProtobufReader reader, ProtoField field, int wireType)
    {
        switch (field.Kind)
        {
            case ProtoKind.String:
                return Encoding.UTF8.GetString(reader.ReadLengthDelimited());
            case ProtoKind.Bytes:
                return Convert.ToBase64String(reader.ReadLengthDelimited());
            case ProtoKind.Int64:
                return (long)reader.ReadVarint();
            case ProtoKind.Bool:
                return reader.ReadVarint() != 0;
            case ProtoKind.Message:
                return field.Message!.Decode(reader.ReadLengthDelimited());
            case ProtoKind.Time:
                {
                    var time = TimeMessage.Decode(reader.ReadLengthDelimited());
                    var seconds = JsonNodes.GetInt64(time, "seconds") ?? 0;
                    return Timestamps.Format(DateTimeOffset.FromUnixTimeSeconds(seconds));
                }

            case ProtoKind.Map:
                {
                    var entry = new ProtobufReader(reader.ReadLengthDelimited());
                    string key = string.Empty;
                    JsonNode? value = null;
                    while (!entry.AtEnd)
                    {
                        var (number, type) = entry.ReadTag();
                        if (number == 1)
                        {
                            key = Encoding.UTF8.GetString(entry.ReadLengthDelimited());
                        }
                        else if (number == 2)
                        {
                            value = field.MapValue == ProtoKind.Bytes
                                ? Convert.ToBase64String(entry.ReadLengthDelimited())
                                : Encoding.UTF8.GetString(entry.ReadLengthDelimited());
                        }
                        else
                        {
                            entry.Skip(type);
                        }
                    }

                    return new JsonObject { [key] = value };
                }

            default:
                reader.Skip(wireType);
                return null;
        }
    }

    private static readonly ProtoMessage TimeMessage = new ProtoMessage()
        .Add(1, new ProtoField("seconds", ProtoKind.Int64))
        .Add(2, new ProtoField("nanos", ProtoKind.Int64));
}
