using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClusterOperator.Packaging.Tests.Tools;

namespace ClusterOperator.Packaging.Tests.Docker;

public sealed class DockerfileTests
{
    private const string EntryAssembly = "clusteroperator";

    [Fact]
    public void The_sdk_builds_and_the_aspnet_runtime_runs()
    {
        var dockerfile = Dockerfile.Load();

        Assert.Equal(2, dockerfile.Stages.Count);
        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/sdk:10\.0\S* AS build$", dockerfile.BuildStage[0].Arguments);
        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/aspnet:10\.0\S* AS runtime$", dockerfile.FinalStage[0].Arguments);
        Assert.Contains(dockerfile.FinalStage, i => i.Keyword == "COPY" && i.Arguments.StartsWith("--from=build ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_image_runs_as_a_non_root_user()
    {
        var user = Dockerfile.Load().FinalStage.Last(i => i.Keyword == "USER").Arguments;

        Assert.DoesNotContain(user.Split(':')[0], new[] { "0", "root" });
        Assert.Equal("$APP_UID", user);
    }

    [Fact]
    public void The_entrypoint_runs_clusteroperator_run()
    {
        var entrypoint = JsonSerializer.Deserialize<string[]>(Dockerfile.Load().FinalStage.Single(i => i.Keyword == "ENTRYPOINT").Arguments)!;

        Assert.Equal(2, entrypoint.Length);
        Assert.Equal(EntryAssembly, Path.GetFileName(entrypoint[0]));
        Assert.Equal("run", entrypoint[1]);
    }

    [Theory]
    [InlineData("src/ClusterOperator/ClusterOperator.csproj", true)]
    [InlineData("src/ClusterOperator/Program.cs", true)]
    [InlineData("Directory.Build.props", true)]
    [InlineData("Directory.Packages.props", true)]
    [InlineData(".editorconfig", true)]
    [InlineData("src/ClusterOperator/bin/Debug/net10.0/clusteroperator.dll", false)]
    [InlineData("src/ClusterOperator.Api/obj/project.assets.json", false)]
    [InlineData(".git/config", false)]
    [InlineData(".tools/bin/helm", false)]
    [InlineData("tests/ClusterOperator.Api.Tests/CrdDriftTests.cs", false)]
    [InlineData("charts/cluster-operator/values.yaml", false)]
    public void The_build_context_holds_sources_but_no_outputs_or_tools(string path, bool included)
    {
        Assert.Equal(included, DockerIgnore.Load().Includes(path));
    }

    /// <summary>
    /// No Docker engine runs here, so this does what the build stage does: the .dockerignore'd context, then the
    /// Dockerfile's own <c>dotnet publish</c> line, with only its output directory moved to a temp directory.
    /// </summary>
    [Fact]
    public async Task Publishing_the_build_context_yields_the_clusteroperator_entry_assembly()
    {
        var dockerfile = Dockerfile.Load();
        Assert.Contains(dockerfile.BuildStage, i => i.Keyword == "COPY" && i.Arguments == ". .");
        var command = dockerfile.PublishCommand();
        Assert.Equal("dotnet", command[0]);
        var outputIndex = IndexAfter(command, "--output");
        Assert.Contains(dockerfile.FinalStage, i => i.Keyword == "COPY" && i.Arguments == $"--from=build {command[outputIndex]} .");

        using var context = BuildContext.Copy(DockerIgnore.Load());
        var output = Path.Combine(context.Directory, "published");
        var arguments = command.Skip(1).Select((word, i) => i + 1 == outputIndex ? output : word).ToList();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var result = await RepositoryTools.Dotnet.RunAsync(arguments, timeout.Token, context.Directory, OneShotBuild);

        Assert.True(result.Succeeded, result.Describe());
        AssertHasEntryPoint(Path.Combine(output, $"{EntryAssembly}.dll"));
        Assert.True(File.Exists(Path.Combine(output, EntryAssembly)), "The publish output has no clusteroperator executable for the ENTRYPOINT.");
        Assert.Empty(Frameworks(Path.Combine(output, $"{EntryAssembly}.runtimeconfig.json")).Except(["Microsoft.NETCore.App", "Microsoft.AspNetCore.App"]));

        var help = await ExternalTool.At(Path.Combine(output, EntryAssembly)).RunAsync(["--help"], timeout.Token);
        Assert.True(help.Succeeded, help.Describe());
    }

    /// <summary>No build server or MSBuild node outlives the publish; these are environment, not command-line, settings.</summary>
    private static readonly Dictionary<string, string?> OneShotBuild = new(StringComparer.Ordinal)
    {
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["UseSharedCompilation"] = "false",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
    };

    private static int IndexAfter(IReadOnlyList<string> words, string option)
    {
        var index = words.ToList().IndexOf(option);
        Assert.True(index >= 0 && index + 1 < words.Count, $"The publish command has no {option}.");
        return index + 1;
    }

    private static void AssertHasEntryPoint(string assembly)
    {
        Assert.True(File.Exists(assembly), $"{assembly} was not published.");
        using var stream = File.OpenRead(assembly);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        Assert.Equal(EntryAssembly, metadata.GetString(metadata.GetAssemblyDefinition().Name));
        Assert.NotEqual(0, pe.PEHeaders.CorHeader!.EntryPointTokenOrRelativeVirtualAddress);
    }

    private static HashSet<string> Frameworks(string runtimeConfig)
    {
        var options = JsonNode.Parse(File.ReadAllText(runtimeConfig))!["runtimeOptions"]!;
        var frameworks = options["frameworks"]?.AsArray().Select(f => f!) ?? [options["framework"]!];
        return frameworks.Select(f => (string)f["name"]!).ToHashSet(StringComparer.Ordinal);
    }
}
