using ClusterOperator.Scheduling;

namespace ClusterOperator.Scheduling.Tests.Builders;

/// <summary>Builds a ready, schedulable <see cref="Node"/> with no labels, taints or topology unless asked.</summary>
public sealed class NodeBuilder(string name, int gpus)
{
    private readonly Dictionary<string, string> _labels = [];
    private readonly List<Taint> _taints = [];
    private string? _type;
    private string? _zone;
    private string? _rack;
    private string? _nvLink;
    private bool _ready = true;
    private bool _schedulable = true;
    private int _foreign;

    public NodeBuilder Type(string type)
    {
        _type = type;
        return this;
    }

    public NodeBuilder Zone(string zone)
    {
        _zone = zone;
        return this;
    }

    public NodeBuilder Rack(string rack)
    {
        _rack = rack;
        return this;
    }

    public NodeBuilder NvLink(string domain)
    {
        _nvLink = domain;
        return this;
    }

    public NodeBuilder Label(string key, string value)
    {
        _labels[key] = value;
        return this;
    }

    public NodeBuilder Taint(string key, string? value, TaintEffect effect)
    {
        _taints.Add(new Taint(key, value, effect));
        return this;
    }

    public NodeBuilder NotReady()
    {
        _ready = false;
        return this;
    }

    public NodeBuilder Cordoned()
    {
        _schedulable = false;
        return this;
    }

    public NodeBuilder Foreign(int gpus)
    {
        _foreign = gpus;
        return this;
    }

    public Node Obj() => new()
    {
        Name = name,
        Gpus = gpus,
        GpuType = _type,
        Zone = _zone,
        Rack = _rack,
        NvLinkDomain = _nvLink,
        Labels = new Dictionary<string, string>(_labels),
        Taints = [.. _taints],
        Ready = _ready,
        Schedulable = _schedulable,
        ForeignGpus = _foreign,
    };
}
