{{- $L := hugo.Data.labels -}}
{{- $items := slice -}}
{{- range $hid := hugo.Data.supervision.homes -}}
  {{- $f := partialCached "homefacts.html" $hid $hid -}}
  {{- $hu := printf "homes/%s/index.html" $hid -}}
  {{- $items = $items | append (dict "k" "home" "s" $f.page.Params.township "t" $f.page.Title "u" $hu) -}}
  {{- range $t := $f.teams -}}
    {{- $tu := printf "homes/%s/teams/%s/index.html" $hid $t.Params.team -}}
    {{- $items = $items | append (dict "k" "team" "s" (printf "%s · %s" $t.Params.unit $f.page.Params.township) "t" (partial "teamname.html" $t.Params.village) "u" $tu) -}}
    {{- range $t.Params.members }}{{ $items = $items | append (dict "k" "member" "s" (printf "%s · %s · %s" .role (or .unit $t.Params.unit) $t.Params.village) "t" .name "u" $tu) }}{{ end -}}
  {{- end -}}
{{- end -}}
window.SITEGEN_SEARCH={{ jsonify $items | safeJS }};
