using ClusterOperator.Runtime.Tests.Support;

namespace ClusterOperator.Runtime.Tests;

public sealed class ObjectKeyTests
{
    [Theory]
    [InlineData("team-a/run-1", "team-a", "run-1")]
    [InlineData("node-7", "", "node-7")]
    public void Text_form_parses_back_to_the_same_key(string text, string ns, string name)
    {
        var key = ObjectKey.Parse(text);

        Assert.Equal(new ObjectKey(ns, name), key);
        Assert.Equal(text, key.ToString());
    }

    [Fact]
    public void Key_of_an_object_comes_from_its_metadata()
    {
        Assert.Equal(new ObjectKey("team-a", "p"), ObjectKey.From(PodBuilder.Make("p", "team-a").Obj()));
    }
}
