using System.Text.RegularExpressions;
using ClusterOperator.Simulation.Reports;

namespace ClusterOperator.Simulation.Tests.Reports;

public sealed class ReplayHtmlReportTests
{
    [Fact]
    public void The_report_is_self_contained()
    {
        var html = ReplayHtmlReport.Render(SampleResults.Hours());

        Assert.DoesNotMatch(@"(src|href)\s*=\s*[""']?(https?:)?//", html);
        Assert.DoesNotContain("{{", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">", html, StringComparison.Ordinal);
        // Owner names are data: escaped so they cannot end the script element.
        Assert.DoesNotContain("carol <&>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_CDF_samples_evenly_by_rank_and_ends_at_one()
    {
        var points = ReplayHtmlReport.CdfOf(Enumerable.Range(0, 1000).Select(i => (double)i).ToList());

        Assert.Equal(400, points.Count);
        Assert.Equal((0, 0.001), points[0]);
        Assert.Equal((999, 1.0), points[^1]);
        Assert.Equal([(5.0, 1.0)], ReplayHtmlReport.CdfOf([5.0]));
        Assert.Empty(ReplayHtmlReport.CdfOf([]));
    }

    [Fact]
    public async Task Every_chart_draws_in_headless_Chromium()
    {
        var result = SampleResults.Hours();
        var directory = Directory.CreateTempSubdirectory("replay-report-");
        try
        {
            var path = Path.Combine(directory.FullName, "report.html");
            await ReplayHtmlReport.WriteFileAsync(path, result, CancellationToken.None);

            var dom = await HeadlessChromium.DumpDomAsync(path, CancellationToken.None);

            var body = Regex.Match(dom, "<body[^>]*>").Value;
            Assert.DoesNotContain("data-error", body, StringComparison.Ordinal);
            // CDF + utilisation + one allocation chart per policy.
            Assert.Contains($"data-charts=\"{2 + result.Policies.Count}\"", body, StringComparison.Ordinal);
            var polylines = Regex.Matches(dom, "<polyline points=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
            var owners = result.Policies[0].Timeline.Owners.Count;
            Assert.Equal(result.Policies.Count * (2 + (2 * owners)), polylines.Count);
            Assert.All(polylines, points => Assert.True(points.Split(' ').Length >= 2, $"a line with too few points: {points}"));
            Assert.All(polylines, points => Assert.DoesNotContain("NaN", points, StringComparison.Ordinal));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
