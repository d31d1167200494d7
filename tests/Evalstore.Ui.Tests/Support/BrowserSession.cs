using Microsoft.Playwright;

namespace Evalstore.Ui.Tests.Support;

/// <summary>
/// One system Chromium with a fresh profile, pointed at a test server. Every console error and uncaught page error is
/// recorded; <see cref="RunAsync"/> fails the test on any that the test did not expect.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowserContext _context;
    private readonly DirectoryInfo _profile;
    private readonly List<string> _errors = [];
    private readonly List<string> _expected = [];

    private BrowserSession(IPlaywright playwright, IBrowserContext context, DirectoryInfo profile, IPage page)
    {
        _playwright = playwright;
        _context = context;
        _profile = profile;
        Page = page;
    }

    public IPage Page { get; }

    /// <summary>Starts a browser, runs the test body, and then fails on any unexpected console error.</summary>
    public static async Task RunAsync(
        Uri baseAddress, Func<BrowserSession, Task> test, int width = 1280, int height = 860, bool javaScript = true)
    {
        await using var session = await StartAsync(baseAddress, width, height, javaScript);
        await test(session);
        session.AssertCleanConsole();
    }

    private static async Task<BrowserSession> StartAsync(Uri baseAddress, int width, int height, bool javaScript)
    {
        var playwright = await Playwright.CreateAsync();
        var profile = Directory.CreateTempSubdirectory("evalstore-chromium-");
        try
        {
            var context =
                await playwright.Chromium.LaunchPersistentContextAsync(profile.FullName, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = Chromium.ExecutablePath,
                Args = Chromium.Arguments,
                Headless = true,
                BaseURL = baseAddress.ToString(),
                ViewportSize = new ViewportSize { Width = width, Height = height },
                AcceptDownloads = true,
                JavaScriptEnabled = javaScript,
                Timeout = 60_000,
            });
            context.SetDefaultTimeout(30_000); // generous: CI runs other test assemblies beside Chromium on two cores
            var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
            var session = new BrowserSession(playwright, context, profile, page);
            session.Watch(page);
            context.Page += (_, opened) => session.Watch(opened);
            return session;
        }
        catch
        {
            playwright.Dispose();
            profile.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>Allows console errors containing this text (e.g. the 403 of a refused write the test provokes).</summary>
    public void ExpectConsoleError(string containing) => _expected.Add(containing);

    /// <summary>Saves a full-page screenshot to test-artifacts/screenshots/NAME.png and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name, bool fullPage = true)
    {
        var path = Artifacts.Screenshot(name);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        return path;
    }

    /// <summary>Navigates and waits for the page, failing on any status other than the expected one.</summary>
    public async Task<IResponse> GoToAsync(string url, int expectedStatus = 200)
    {
        var response = await Page.GotoAsync(url) ?? throw new InvalidOperationException($"No response for {url}.");
        Assert.True(response.Status == expectedStatus, $"GET {url}: expected {expectedStatus}, got {response.Status}.");
        return response;
    }

    /// <summary>Runs an action that navigates (a click, a submit) and waits until the new document has loaded.</summary>
    public async Task NavigateByAsync(Func<Task> action)
    {
        var loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLoad(object? sender, IPage page) => loaded.TrySetResult();
        Page.Load += OnLoad;
        try
        {
            await action();
            await loaded.Task.WaitAsync(TimeSpan.FromSeconds(20));
        }
        finally
        {
            Page.Load -= OnLoad;
        }
    }

    private void Watch(IPage page)
    {
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_errors)
                {
                    _errors.Add($"console error on {page.Url}: {message.Text}");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_errors)
            {
                _errors.Add($"page error on {page.Url}: {error}");
            }
        };
    }

    private void AssertCleanConsole()
    {
        List<string> unexpected;
        lock (_errors)
        {
            unexpected = _errors.Where(e => !_expected.Any(x => e.Contains(x, StringComparison.Ordinal))).ToList();
        }
        Assert.True(unexpected.Count == 0, "Browser console errors:\n" + string.Join('\n', unexpected));
    }

    public async ValueTask DisposeAsync()
    {
        await _context.CloseAsync();
        _playwright.Dispose();
        try
        {
            _profile.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be flushing its profile; the temp folder is cleaned eventually.
        }
    }
}
