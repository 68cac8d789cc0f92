"""Cross-origin reads of the API: any site may GET it (open data), nothing else."""

from django.http import HttpResponse

from .errors import as_json_error

API_PREFIX = "/api/"


class ApiCorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META:
            response = HttpResponse(status=204)  # a preflight: answered here
        else:
            response = as_json_error(request, self.get_response(request))
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response["Access-Control-Allow-Headers"] = "Accept, If-None-Match, If-Modified-Since"
        response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Retry-After"
        response["Access-Control-Max-Age"] = "86400"
        return response
