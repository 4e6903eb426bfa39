using System.Text.Json;
using Ludmin.Api.ErrorHandling;
using Ludmin.Application.Common;
using Ludmin.Domain.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ludmin.UnitTests.Api;

public sealed class ProblemExceptionHandlerTests
{
    [TestCase(0.2, "1")]
    [TestCase(1, "1")]
    [TestCase(2.1, "3")]
    public async Task TryHandleAsync_WhenTheServerIsBusy_Answers503ServerBusyWithTheRetryAfterItWasGivenInWholeSeconds(double seconds, string header)
    {
        var context = Context();

        var handled = await new ProblemExceptionHandler(NullLogger<ProblemExceptionHandler>.Instance)
            .TryHandleAsync(context, new ServerBusyException(TimeSpan.FromSeconds(seconds), "Too many password checks."), CancellationToken.None);

        context.Response.Body.Position = 0;
        using var problem = await JsonDocument.ParseAsync(context.Response.Body);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(handled, Is.True);
            Assert.That(context.Response.StatusCode, Is.EqualTo(StatusCodes.Status503ServiceUnavailable));
            Assert.That(context.Response.Headers.RetryAfter.ToString(), Is.EqualTo(header));
            Assert.That(problem.RootElement.GetProperty("code").GetString(), Is.EqualTo(Errors.ServerBusy.Code));
        }
    }

    private static DefaultHttpContext Context()
    {
        var services = new ServiceCollection();
        services.AddOptions();
        return new DefaultHttpContext
        {
            RequestServices = services.BuildServiceProvider(),
            Response = { Body = new MemoryStream() },
        };
    }
}
