using System.Net;
using System.Text.RegularExpressions;

namespace Evalstore.Resilience.Tests.Support;

/// <summary>
/// Submits the web UI's server-rendered forms as a browser would, without one: reads the page, keeps its hidden fields
/// (the form name and the antiforgery token) and the cookies, and posts them with the visible fields.
/// </summary>
public static partial class UiForms
{
    /// <summary>A client that keeps cookies (a browser's jar) and does not follow redirects.</summary>
    public static HttpClient Browser(Uri baseAddress, CookieContainer jar) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = jar, UseCookies = true }) { BaseAddress = baseAddress };

    /// <summary>GETs the page and posts its form <paramref name="formName"/> back to it with these fields.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient browser, string page, string formName,
        IReadOnlyDictionary<string, string> fields)
    {
        using var get = await browser.GetAsync(page);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        var html = await get.Content.ReadAsStringAsync();
        var form = FormPattern().Matches(html).Select(m => m.Value)
            .First(f => f.Contains($"value=\"{formName}\"", StringComparison.Ordinal)); // the layout may repeat a form
        var values = HiddenPattern().Matches(form)
            .ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }
        return await browser.PostAsync(page, new FormUrlEncodedContent(values));
    }

    [GeneratedRegex("<form[^>]*>.*?</form>", RegexOptions.Singleline)]
    private static partial Regex FormPattern();

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenPattern();
}
