# The Python baseline of the coldstart tool: what a Python 3.11 Lambda with
# boto3 typically does before its first invocation. Clients are made at
# module level, as the AWS guidance recommends so that warm invocations
# reuse them, which puts their cost in init. Then it polls the Runtime API
# like a custom runtime; the managed runtime's own bootstrap (awslambdaric)
# is not loaded, so this is a lower bound of a real Python cold start.
import os
import urllib.request

import boto3

dynamodb = boto3.client("dynamodb")
s3 = boto3.client("s3")

api = os.environ["AWS_LAMBDA_RUNTIME_API"]
while True:
    # The tool holds this request open and kills the process; an invocation
    # never arrives.
    with urllib.request.urlopen(f"http://{api}/2018-06-01/runtime/invocation/next") as resp:
        resp.read()
