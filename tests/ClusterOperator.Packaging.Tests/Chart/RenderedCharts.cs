namespace ClusterOperator.Packaging.Tests.Chart;

/// <summary>Renders of the two standard value sets, shared by the tests that only read them.</summary>
internal static class RenderedCharts
{
    private static readonly Lazy<Task<RenderedChart>> DefaultRender = new(() => HelmChart.RenderAsync(ChartValues.Defaults));
    private static readonly Lazy<Task<RenderedChart>> AllFeaturesRender = new(() => HelmChart.RenderAsync(ChartValues.AllFeatures));

    public static Task<RenderedChart> Defaults => DefaultRender.Value;

    public static Task<RenderedChart> AllFeatures => AllFeaturesRender.Value;

    /// <summary>Theory data naming both value sets.</summary>
    public static TheoryData<string> Both => new() { nameof(Defaults), nameof(AllFeatures) };

    public static Task<RenderedChart> Named(string name) => name == nameof(Defaults) ? Defaults : AllFeatures;
}
