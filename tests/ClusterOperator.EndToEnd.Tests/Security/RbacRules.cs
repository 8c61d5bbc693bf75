using YamlDotNet.RepresentationModel;

namespace ClusterOperator.EndToEnd.Tests.Security;

/// <summary>Reads the rules of a ClusterRole or Role manifest and expands them into single permissions.</summary>
public static class RbacRules
{
    public static IReadOnlyList<RbacGrant> Permissions(string manifestPath)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(manifestPath))
        {
            stream.Load(reader);
        }

        var root = (YamlMappingNode)stream.Documents.Single().RootNode;
        var permissions = new List<RbacGrant>();
        foreach (var rule in ((YamlSequenceNode)root["rules"]).Children.Cast<YamlMappingNode>())
        {
            foreach (var group in Strings(rule, "apiGroups"))
            {
                foreach (var resource in Strings(rule, "resources"))
                {
                    permissions.AddRange(Strings(rule, "verbs").Select(verb => new RbacGrant(group, resource, verb)));
                }
            }
        }

        return permissions;
    }

    private static IEnumerable<string> Strings(YamlMappingNode rule, string key) =>
        rule.Children.TryGetValue(new YamlScalarNode(key), out var node)
            ? ((YamlSequenceNode)node).Children.Select(item => ((YamlScalarNode)item).Value ?? string.Empty)
            : [];
}
