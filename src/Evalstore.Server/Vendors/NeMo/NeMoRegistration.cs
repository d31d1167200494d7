using Evalstore.Server.Http;

namespace Evalstore.Server.Vendors.NeMo;

/// <summary>Services of the NeMo surface: its error body.</summary>
internal static class NeMoRegistration
{
    public static IServiceCollection AddNeMo(this IServiceCollection services) => services.AddSingleton<IErrorFormat, NeMoErrorFormat>();
}
