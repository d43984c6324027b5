"""Bolt listeners, one module per Slack family, each with `register(app)`: parse the payload, ack,
hand it to a service from `handlers.services`. They know Slack payloads and nothing about SQL;
they may import the capabilities (for action and callback ids) and the shared floors."""
