// Fixtures for NamespaceCycleTests: SampleA uses SampleB only inside a lambda (visible in IL, not in any signature),
// SampleB uses SampleA through a field, and SampleC uses nobody.
namespace Evalstore.Server.Tests.Architecture.SampleA
{
    public sealed class Caller
    {
        public Func<int> Later() => () => SampleB.Callee.Value;
    }
}

namespace Evalstore.Server.Tests.Architecture.SampleB
{
    public sealed class Callee
    {
        public static int Value => 1;

        public SampleA.Caller? Back { get; init; }
    }
}

namespace Evalstore.Server.Tests.Architecture.SampleC
{
    public sealed class Alone
    {
        public int Value { get; init; }
    }
}
