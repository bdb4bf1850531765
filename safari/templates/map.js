{% macro header(this, kwargs) %}{% endmacro %}
{% macro html(this, kwargs) %}<div class="folium-map" id="{{ this.get_name() }}"></div>{% endmacro %}
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.map({{ this.get_name()|tojson }}, {{ this.safari_options|tojson }});
{% endmacro %}
