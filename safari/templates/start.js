{% macro script(this, kwargs) %}
safari.start({{ this._parent.get_name() }}, {{ this.options|tojson }});
{% endmacro %}
