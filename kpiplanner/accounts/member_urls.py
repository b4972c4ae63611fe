from django.urls import path

from . import members

app_name = "members"

urlpatterns = [
    path("members/", members.member_list, name="list"),
    path("members/invite/", members.member_invite, name="invite"),
    path("members/<int:pk>/role/", members.member_role, name="role"),
    path("members/<int:pk>/remove/", members.member_remove, name="remove"),
    path("invitations/<int:pk>/withdraw/", members.invitation_withdraw, name="withdraw"),
]
