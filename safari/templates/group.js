{% macro script(this, kwargs) %}
safari.addGroup({{ this.map_name }}, {{ this._parent.get_name() }}, {{ this.data|tojson }});
{% endmacro %}
