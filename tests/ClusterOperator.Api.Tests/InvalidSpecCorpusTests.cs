using static ClusterOperator.Api.Tests.RepositoryPaths;

namespace ClusterOperator.Api.Tests;

/// <summary>
/// Each file under InvalidSpecs/ is a spec the validator must reject. Its leading <c># expect: path: message</c>
/// lines are the errors it must report, as a prefix of the full sentence; together they are all of them.
/// </summary>
public sealed class InvalidSpecCorpusTests
{
    private static readonly string CorpusDirectory = Path.Combine(AppContext.BaseDirectory, "InvalidSpecs");

    public static TheoryData<string> Corpus() =>
        [.. FileNames(CorpusDirectory)];

    [Fact]
    public void Corpus_holds_at_least_twenty_specs() => Assert.True(Corpus().Count >= 20);

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Validator_reports_exactly_the_expected_errors(string file)
    {
        var yaml = File.ReadAllText(Path.Combine(CorpusDirectory, file));
        var expected = yaml.Split('\n')
            .Where(l => l.StartsWith("# expect: ", StringComparison.Ordinal))
            .Select(l => l["# expect: ".Length..].Trim())
            .ToList();

        var actual = Manifests.LoadAndValidate(yaml).Select(e => e.ToString()).ToList();

        Assert.NotEmpty(expected);
        Assert.True(
            expected.Count == actual.Count && expected.All(e => actual.Any(a => a.StartsWith(e, StringComparison.Ordinal))),
            $"expected:\n  {string.Join("\n  ", expected)}\nactual:\n  {string.Join("\n  ", actual)}");
    }
}
