{% macro script(this, kwargs) %}
    L.control.scale({ imperial: false, position: "topleft" }).addTo({{ this._parent.get_name() }});
{% endmacro %}
