using System.Reflection;
using Ludmin.Api.Hosting;
using Ludmin.Api.Hosting.CommandLine;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = ProgramCommands.HostArguments(args),
    EnvironmentName = LudminEnvironment.FromLudminConfig(Environment.GetEnvironmentVariable(LudminEnvironment.Variable)),
    ContentRootPath = ContentRoot.Choose(args, Environment.GetEnvironmentVariable, AppContext.BaseDirectory),
});
builder.Services.AddLudminApi();

var app = builder.Build();
if (ProgramCommands.IsCommand(args))
{
    return await ProgramCommands.RunAsync(app, args);
}

app.UseLudminApi();

// Taken before the run: RunAsync disposes the host, and with it the lifetime service.
var started = app.Lifetime.ApplicationStarted;
try
{
    await app.RunAsync();
}
catch (Exception ex) when (!started.IsCancellationRequested && Assembly.GetEntryAssembly() == typeof(Program).Assembly)
{
    // A refusal to start (a missing setting, a store file that cannot be served safely) is an
    // answer for the operator, not a crash: its reason and exit code 1, not the runtime's abort.
    // A test host running this code inside its own process wants the exception itself.
    await Console.Error.WriteLineAsync("Ludmin did not start: " + ex.Message);
    return 1;
}

return 0;
