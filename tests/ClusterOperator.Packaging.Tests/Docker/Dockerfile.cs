using System.Text;

namespace ClusterOperator.Packaging.Tests.Docker;

/// <summary>The repository's Dockerfile, split into build stages of instructions.</summary>
internal sealed class Dockerfile
{
    private Dockerfile(IReadOnlyList<IReadOnlyList<DockerInstruction>> stages) => Stages = stages;

    /// <summary>Each stage starts with its FROM.</summary>
    public IReadOnlyList<IReadOnlyList<DockerInstruction>> Stages { get; }

    public IReadOnlyList<DockerInstruction> BuildStage => Stages[0];

    public IReadOnlyList<DockerInstruction> FinalStage => Stages[^1];

    public static Dockerfile Load() => Parse(RepositoryPaths.ReadAllText("Dockerfile"));

    public static Dockerfile Parse(string text)
    {
        var stages = new List<List<DockerInstruction>>();
        var logical = new StringBuilder();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                logical.Append(line[..^1]).Append(' ');
                continue;
            }

            logical.Append(line);
            var instruction = logical.ToString().Trim();
            logical.Clear();
            if (instruction.Length == 0)
            {
                continue;
            }

            var parts = instruction.Split(' ', 2, StringSplitOptions.TrimEntries);
            var parsed = new DockerInstruction(parts[0].ToUpperInvariant(), parts.Length > 1 ? parts[1] : "");
            if (parsed.Keyword == "FROM")
            {
                stages.Add([]);
            }

            if (stages.Count == 0)
            {
                throw new FormatException($"The Dockerfile has {parsed.Keyword} before its first FROM.");
            }

            stages[^1].Add(parsed);
        }

        return new Dockerfile(stages);
    }

    /// <summary>The publish command of the build stage, as words; its RUN flags (cache mounts) dropped.</summary>
    public IReadOnlyList<string> PublishCommand()
    {
        var run = BuildStage.Single(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal));
        return run.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .SkipWhile(word => word.StartsWith("--", StringComparison.Ordinal))
            .ToList();
    }
}
