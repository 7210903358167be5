CongkhaiSearch.load("s:p",{"pakn":[[],"HM"],"phan":[["phan2","phân5"],"CWCAMDRB"],"phan_anh":[[],"HR"],"phi":[[],"CM"],"phu":[[],"DM"]});
